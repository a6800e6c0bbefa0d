/** Values that break naive shell quoting: quotes, expansions, operators, newlines, option-like words. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  "it's",
  "''",
  '"double" and \\back\\slash',
  '$(reboot)',
  '`reboot`',
  '$HOME ${PATH} $?',
  'a; rm -rf / #',
  'x && y || z | w & v',
  '> /etc/passwd < in 2>&1',
  'new\nline\ttab',
  '*?[]{}~!',
  '-rf',
  'ünïcødé ✓ 日本',
  "'; echo pwned; '",
];
