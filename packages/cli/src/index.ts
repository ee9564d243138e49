export { buildProgram, run, CommandContext } from './cli';
export { processIo, untilAborted, type CliIo, type CliOutput } from './cli-io';
export { CliError, formatError, type FormatErrorOptions } from './cli-error';
export { ConfigFileError, configEnv, configPath, loadCliConfig, openConnector, type ConfigFlags, type OpenedConnector } from './config/cli-config';
export { importFile, errorTotal, type ImportOptions, type ImportProgress, type ImportSummary, type ImportIssue } from './import/importer';
export { readRecords, formatFromFileName, type ImportFormat, type ReadItem, type UnreadableLine } from './import/record-reader';
export { mapApiFields, USER_FIELDS, STAFF_FIELDS, LEAD_SOURCE_FIELDS, ENVELOPE_FIELDS, type RawRecord } from './import/api-fields';
export { XmlRecordScanner } from './import/xml-record.scanner';
export { checkTurnUps, type TurnUpCheckRow } from './commands/turnup.command';
export {
  BUNDLED_PLUGINS,
  describeOptions,
  describeCapabilities,
  loadPluginEntries,
  pluginPackageName,
  type PluginEntry,
  type PluginOptionInfo,
} from './plugins/plugin-catalog';
export { findSimulator, type LoadedSimulator, type SimulatorEntry } from './plugins/simulator-loader';
export { renderTable, type TableColumn } from './output/table';
export { formatClubTime } from './output/club-time';
export { renderLog } from './output/log-view';
export { DEMO_DIR, DEMO_FILES } from './demo/demo-files';
