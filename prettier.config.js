// @ts-check
/**
 * One formatter for the code (ts, tsx, js, vue). Options chosen to match how the code was written
 * before Prettier: measured over the tree, 160 columns and single quotes changed the fewest lines.
 * Markdown, HTML, CSS and JSON keep their hand formatting (.prettierignore says why).
 * @type {import('prettier').Config}
 */
export default {
  printWidth: 160,
  singleQuote: true,
};
