import { InvalidArgumentError } from '../errors.js';
import { MAX_FILE_ID } from './page-table.js';

/**
 * The files whose pages the pool caches: file id -> (fd, path). Ids of dropped files are reused,
 * so the registry is as large as the most files registered at once, not as all files ever seen.
 */
export class FileRegistry {
  /** fd per file id; -1 for a free id. */
  private readonly fds: number[] = [];
  private readonly paths: string[] = [];
  private readonly freeIds: number[] = [];

  /** Registers an open file; returns its id. */
  register(fd: number, path: string): number {
    if (!Number.isInteger(fd) || fd < 0) throw new InvalidArgumentError(`fd ${fd} is not a file descriptor`);
    const id = this.freeIds.pop() ?? this.fds.length;
    if (id >= MAX_FILE_ID)
      throw new InvalidArgumentError(`the bufferpool holds at most ${MAX_FILE_ID} files at once`);
    this.fds[id] = fd;
    this.paths[id] = path;
    return id;
  }

  /** Frees the id of a registered file for reuse. */
  release(fileId: number): void {
    this.require(fileId);
    this.fds[fileId] = -1;
    this.paths[fileId] = '';
    this.freeIds.push(fileId);
  }

  /** Throws unless `fileId` is registered. */
  require(fileId: number): void {
    // Also rejects ids outside the array (undefined) and non-integers.
    if (!((this.fds[fileId] ?? -1) >= 0))
      throw new InvalidArgumentError(`file id ${fileId} is not registered with the bufferpool`);
  }

  /** The fd of a registered file. */
  fd(fileId: number): number {
    return this.fds[fileId]!;
  }

  /** The path of a registered file, for messages. */
  path(fileId: number): string {
    return this.paths[fileId]!;
  }
}
