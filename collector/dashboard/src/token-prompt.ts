/** The small form that asks for the collector's bearer token after a 401. */

/** Shows the form (with `message`) and resolves with the token the user enters. */
export function promptForToken(message: string): Promise<string> {
  return new Promise((resolve) => {
    const dialog = document.createElement('form');
    dialog.className = 'token-prompt';
    dialog.innerHTML = `<h2>Token required</h2>
<p class="token-message"></p>
<label>Bearer token <input name="token" type="password" autocomplete="off" required></label>
<button type="submit">Sign in</button>`;
    dialog.querySelector('.token-message')!.textContent = message;
    dialog.addEventListener('submit', (event) => {
      event.preventDefault();
      const token = (dialog.elements.namedItem('token') as HTMLInputElement).value.trim();
      if (token === '') return;
      dialog.remove();
      resolve(token);
    });
    document.body.append(dialog);
    (dialog.elements.namedItem('token') as HTMLInputElement).focus();
  });
}
