export { pluginGenerator } from './generators/plugin/generator';
export type { PluginEntity, PluginGeneratorSchema } from './generators/plugin/schema';
