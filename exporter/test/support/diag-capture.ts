import { DiagLogLevel, diag } from '@opentelemetry/api';

/** Records what goes through `diag` (all levels), for tests of what the exporter reports. */
export class DiagCapture {
  readonly lines: { level: 'error' | 'warn' | 'info' | 'debug' | 'verbose'; message: string }[] = [];

  install(): this {
    const log =
      (level: DiagCapture['lines'][number]['level']) =>
      (message: string): void => {
        this.lines.push({ level, message });
      };
    diag.setLogger(
      {
        error: log('error'),
        warn: log('warn'),
        info: log('info'),
        debug: log('debug'),
        verbose: log('verbose'),
      },
      { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true },
    );
    return this;
  }

  at(level: DiagCapture['lines'][number]['level']): string[] {
    return this.lines.filter((l) => l.level === level).map((l) => l.message);
  }

  uninstall(): void {
    diag.disable();
  }
}
