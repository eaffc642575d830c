// The reports page's stylesheet. Colours come only from VS Code's `--vscode-*` theme variables
// (each with a fallback for a page shown outside VS Code), so the page follows the dark, light and
// high-contrast themes; high contrast adds the theme's contrast borders. Classes only: the page
// has no `style` attributes, which its content security policy would block anyway.

export const REPORTS_CSS = `
:root { color-scheme: light dark; }
body {
  margin: 0;
  padding: 0 16px 24px;
  background-color: var(--vscode-editor-background, Canvas);
  color: var(--vscode-editor-foreground, var(--vscode-foreground, CanvasText));
  font-family: var(--vscode-font-family, system-ui, sans-serif);
  font-size: var(--vscode-font-size, 13px);
  font-weight: var(--vscode-font-weight, normal);
  line-height: 1.45;
}
h1 { font-size: 1.5em; margin: 16px 0 8px; }
h2 { font-size: 1.25em; margin: 12px 0 8px; }
h3 { font-size: 1.1em; margin: 20px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); }
h4 { font-size: 1em; margin: 12px 0 4px; }
code, .row-id {
  font-family: var(--vscode-editor-font-family, ui-monospace, monospace);
  font-size: 0.95em;
  overflow-wrap: anywhere;
}
code { background-color: var(--vscode-textCodeBlock-background, transparent); padding: 0 3px; border-radius: 3px; }
.heading-note, .absent, .code-note, .row-meta, .cut { color: var(--vscode-descriptionForeground, inherit); font-weight: normal; }
.cut { font-style: italic; }
.layout { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.requests { flex: 1 1 18em; max-width: 30em; min-width: 14em; }
.detail { flex: 3 1 30em; min-width: 0; }
.request-list { list-style: none; margin: 0; padding: 0; }
.request-list li { margin: 0 0 2px; }
button {
  font: inherit;
  color: var(--vscode-button-foreground, var(--vscode-foreground, ButtonText));
  background-color: var(--vscode-button-background, transparent);
  border: 1px solid var(--vscode-button-border, var(--vscode-contrastBorder, transparent));
  border-radius: 2px;
  padding: 4px 12px;
  cursor: pointer;
}
button:hover { background-color: var(--vscode-button-hoverBackground, var(--vscode-button-background, transparent)); }
button.secondary {
  color: var(--vscode-button-secondaryForeground, var(--vscode-foreground, ButtonText));
  background-color: var(--vscode-button-secondaryBackground, transparent);
}
button.secondary:hover { background-color: var(--vscode-button-secondaryHoverBackground, var(--vscode-button-secondaryBackground, transparent)); }
button:focus-visible, button:focus { outline: 2px solid var(--vscode-focusBorder, Highlight); outline-offset: 1px; }
.request-row {
  display: flex;
  flex-direction: column;
  align-items: flex-start;
  gap: 1px;
  width: 100%;
  text-align: left;
  color: var(--vscode-foreground, CanvasText);
  background-color: transparent;
  border: 1px solid transparent;
  padding: 6px 8px;
}
.request-row:hover { background-color: var(--vscode-list-hoverBackground, transparent); color: var(--vscode-list-hoverForeground, var(--vscode-foreground, CanvasText)); }
.request-row[aria-current='true'] {
  background-color: var(--vscode-list-activeSelectionBackground, transparent);
  color: var(--vscode-list-activeSelectionForeground, var(--vscode-foreground, CanvasText));
  border-color: var(--vscode-contrastActiveBorder, var(--vscode-focusBorder, Highlight));
  font-weight: 600;
}
.request-row[aria-current='true'] .row-meta { color: inherit; }
.row-id { overflow-wrap: anywhere; max-width: 100%; }
.row-meta { font-size: 0.92em; overflow-wrap: anywhere; max-width: 100%; }
.symbol { display: inline-block; min-width: 1em; text-align: center; font-weight: bold; }
.tone-good .symbol { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green, currentColor)); }
.tone-bad .symbol { color: var(--vscode-testing-iconFailed, var(--vscode-errorForeground, currentColor)); }
.tone-warn .symbol { color: var(--vscode-editorWarning-foreground, var(--vscode-charts-yellow, currentColor)); }
.tone-neutral .symbol { color: var(--vscode-descriptionForeground, currentColor); }
.tone-bad .words { font-weight: 600; }
.flag { margin-left: 8px; white-space: nowrap; }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 4px 16px; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; min-width: 0; overflow-wrap: break-word; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td {
  text-align: left;
  vertical-align: top;
  padding: 4px 8px;
  border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
  overflow-wrap: break-word;
}
thead th { border-bottom-width: 2px; white-space: nowrap; }
tbody th { font-weight: normal; }
tr.row-bad > :first-child { box-shadow: inset 3px 0 0 var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground, currentColor)); }
tr.row-warn > :first-child { box-shadow: inset 3px 0 0 var(--vscode-inputValidation-warningBorder, var(--vscode-editorWarning-foreground, currentColor)); }
td ul, th ul { margin: 0; padding-left: 1.2em; }
.banner {
  margin: 12px 0;
  padding: 8px 12px;
  border: 1px solid var(--vscode-inputValidation-errorBorder, var(--vscode-contrastBorder, currentColor));
  border-left-width: 4px;
  background-color: var(--vscode-inputValidation-errorBackground, transparent);
  color: var(--vscode-inputValidation-errorForeground, var(--vscode-editor-foreground, var(--vscode-foreground, CanvasText)));
}
.banner.tone-warn {
  border-color: var(--vscode-inputValidation-warningBorder, var(--vscode-contrastBorder, currentColor));
  background-color: var(--vscode-inputValidation-warningBackground, transparent);
  color: var(--vscode-inputValidation-warningForeground, var(--vscode-editor-foreground, var(--vscode-foreground, CanvasText)));
}
.banner h3 { border: none; margin: 0 0 4px; }
.notes, .notices {
  border-left: 3px solid var(--vscode-textBlockQuote-border, var(--vscode-contrastBorder, currentColor));
  background-color: var(--vscode-textBlockQuote-background, transparent);
  padding: 4px 8px;
  margin: 8px 0;
}
.notes ul, .notices ul { margin: 0; padding-left: 1.2em; }
.more { margin: 4px 0 12px; }
.visually-hidden {
  position: absolute;
  width: 1px;
  height: 1px;
  margin: -1px;
  padding: 0;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
  border: 0;
}
body.vscode-high-contrast table, body.vscode-high-contrast .request-row[aria-current='true'] { outline: 1px solid var(--vscode-contrastBorder, currentColor); }
`;
