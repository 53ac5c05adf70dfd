// Output handling: line splitting, in-memory tail, rotating log files, foreground prefixes.
export { LineSplitter, DEFAULT_MAX_LINE_BYTES, type LineHandler, type LineSplitterOptions } from './line-splitter.js';
export { TailBuffer } from './tail-buffer.js';
export { formatLogLine, logLinePrefix, parseLogLine, isoTimestamp, type OutputStream, type ParsedLogLine } from './log-format.js';
export { RotatingFile, BacklogError, type RotatingFileOptions, type DroppedCount } from './rotating-file.js';
export { LogFiles, cannotWriteMessage, writingAgainMessage, describeError, type LogFileSettings, type LogWarning } from './log-files.js';
export { colorForName, formatPrefixed, prefixWidth, safeName, type Paint } from './prefix.js';
