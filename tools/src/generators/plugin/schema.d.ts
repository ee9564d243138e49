/** An entity the `plugin` generator can scaffold operations for. */
export type PluginEntity = 'prospects' | 'members' | 'staff' | 'lead-sources';

/** The options of `nx g @connector/tools:plugin` (see schema.json). */
export interface PluginGeneratorSchema {
  /** The plugin id and folder name, kebab-case. */
  name: string;
  /** The platform's name for people; defaults to the id in title case. */
  displayName?: string;
  /** `rest` (default) or `soap`. */
  protocol?: 'rest' | 'soap';
  /** The entities to scaffold (default: all four). A comma-separated string is accepted too. */
  entities?: PluginEntity[] | string;
  skipFormat?: boolean;
}
