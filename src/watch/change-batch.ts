// The file changes seen within one debounce window, as the restart reports them.

export type ChangeKind = 'add' | 'change' | 'unlink';

export class ChangeBatch {
  // Re-inserted on every event, so iteration order is the order of each file's latest event.
  private readonly files = new Map<string, { first: ChangeKind; last: ChangeKind }>();

  record(path: string, kind: ChangeKind): void {
    const seen = this.files.get(path);
    this.files.delete(path);
    this.files.set(path, { first: seen?.first ?? kind, last: kind });
  }

  get size(): number {
    return this.files.size;
  }

  /**
   * Empties the batch and returns the files that changed, latest first. A file created and removed
   * within the window (an editor's temporary file before its rename over the real one) is left out.
   */
  take(): string[] {
    const changed = [...this.files].filter(([, e]) => !(e.first === 'add' && e.last === 'unlink')).map(([path]) => path);
    this.files.clear();
    return changed.reverse();
  }
}
