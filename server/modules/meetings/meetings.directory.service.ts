/**
 * The meetings table read as a whole directory, for other modules: the finder's index, the
 * public Meeting Guide feed and the feed import. They call these functions, never the
 * meetings repository (the module fence in eslint.config.js refuses that import). What a
 * visitor may see of each row is decided by the meeting policies, not here.
 */
export {
  directorySignature,
  listDirectoryExceptions,
  listDirectoryExceptionsFor,
  listDirectoryMeetings,
  listDirectoryMeetingsFor,
  listImportedMeetings,
  listMeetingSlugs,
  listPublicMeetings,
  type DirectoryExceptionRow,
  type DirectoryMeetingRow,
  type ImportedMeetingRow,
  type PublicMeetingRow,
} from './meetings.directory.repository.ts';
