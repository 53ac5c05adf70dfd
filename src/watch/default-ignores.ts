// What watch mode never reacts to, whatever the manifest says: dependency trees, VCS data, dotfiles
// and the scratch files editors write next to the file being saved.

/**
 * Names (of a file or a directory, at any depth under a watched path) that are ignored. A directory
 * matching one is not even read. Dotfiles and dot-directories (`.git`, `.cache`, `.app.js.swp`)
 * are ignored as well, see `isDotName`.
 */
export const DEFAULT_IGNORED_NAMES: readonly string[] = [
  'node_modules',
  '__pycache__',
  // vim: backups (`app.js~`), swap files (dotfiles anyway, unless `directory` puts them elsewhere), the `4913` write probe
  '*~',
  '*.swp',
  '*.swo',
  '*.swx',
  '4913',
  // emacs auto-save files
  '#*#',
  // JetBrains IDEs' "safe write"
  '*___jb_tmp___',
  '*___jb_old___',
];

/** `.git`, `.env`, `.app.js.swp`: names starting with a dot (but not `.` and `..` themselves). */
export function isDotName(name: string): boolean {
  return name.startsWith('.') && name !== '.' && name !== '..';
}
