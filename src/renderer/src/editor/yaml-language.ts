import * as monaco from 'monaco-editor/editor/editor.api';
import { conf, language } from 'monaco-editor/languages/definitions/yaml/yaml';

const { IndentAction } = monaco.languages;

/**
 * Where Enter puts the cursor in run YAML. Monaco's YAML rules only indent after a trailing colon, so Enter after
 * `  - kind: eval` left the cursor under the dash, outside the list item's mapping. Rules are tried in order.
 */
export const YAML_ON_ENTER_RULES: monaco.languages.OnEnterRule[] = [
  // `- key:` opens a block inside the item: one level deeper than the key.
  { beforeText: /^\s*- +[^\s#-][^#]*:\s*(#.*)?$/, action: { indentAction: IndentAction.Indent, appendText: '  ' } },
  // `- key: value` starts a mapping in the item: the next key sits under this one.
  { beforeText: /^\s*- +[^\s#-][^#:]*:\s.*$/, action: { indentAction: IndentAction.None, appendText: '  ' } },
  // `key:` (or `- ` alone after it, a nested list) opens a block: one level deeper.
  { beforeText: /:\s*(#.*)?$/, action: { indentAction: IndentAction.Indent } },
];

/**
 * Registers YAML with its tokenizer and the configuration above, in place of monaco's lazy YAML registration (whose
 * configuration, applied when the language is first met, would replace these rules at a moment we cannot order).
 */
export function registerYaml(): void {
  monaco.languages.register({ id: 'yaml', extensions: ['.yaml', '.yml'], aliases: ['YAML', 'yaml'] });
  monaco.languages.setMonarchTokensProvider('yaml', language);
  monaco.languages.setLanguageConfiguration('yaml', { ...conf, onEnterRules: YAML_ON_ENTER_RULES });
}
