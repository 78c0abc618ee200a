// Turns a LayoutNode tree (API.md) into DOM: tabs, panels, rows. Fields and
// slave tables are built by the caller's `field(node)` and `slave(node)`.
import { h, uid } from './dom.js';

/**
 * Renders `node`. `r.field(node)` and `r.slave(node)` return elements.
 * A shown tab panel receives a bubbling "tabshow" event.
 */
export function renderLayout(node, r, nested = false) {
  if (!node) return null;
  switch (node.type) {
    case 'tabs': return renderTabs(node, r);
    case 'panel': return renderPanel(node, r, nested);
    case 'field': return r.field(node);
    case 'slave': return r.slave(node);
    default: return null;
  }
}

function renderPanel(node, r, nested, asTab = false) {
  const panel = h('div', {
    class: `panel${nested ? ' vbox' : ''}${node.label && !asTab ? ' framed' : ''}`,
    dataset: node.name ? { panel: node.name } : {},
  });
  if (node.label && !asTab) panel.append(h('div', { class: 'panel-label', text: node.label }));
  for (const row of node.rows ?? []) {
    const rowEl = h('div', { class: 'layout-row' });
    for (const el of row) {
      const child = renderLayout(el, r, true);
      if (child) rowEl.append(child);
    }
    if (row.length === 1 && row[0].type === 'slave') rowEl.classList.add('grow');
    panel.append(rowEl);
  }
  return panel;
}

function renderTabs(node, r) {
  const tablist = h('div', { class: 'tablist', role: 'tablist' });
  const box = h('div', { class: 'tabs' }, tablist);
  const tabs = [];
  const panels = [];
  node.children.forEach((child, i) => {
    const tabId = uid('tab');
    const panelId = uid('tabpanel');
    const tab = h('button', {
      type: 'button', role: 'tab', id: tabId, 'aria-controls': panelId, class: 'tab',
      'aria-selected': i === 0 ? 'true' : 'false', tabindex: i === 0 ? '0' : '-1',
      dataset: { tab: child.name ?? String(i) }, text: child.label ?? child.name ?? String(i + 1),
    });
    const content = child.type === 'panel' ? renderPanel(child, r, false, true) : renderLayout(child, r, true);
    const panel = h('div', { role: 'tabpanel', id: panelId, 'aria-labelledby': tabId, class: 'tabpanel', hidden: i !== 0 }, content ?? '');
    tabs.push(tab);
    panels.push(panel);
    tablist.append(tab);
    box.append(panel);
  });
  const select = (i, focus) => {
    tabs.forEach((tab, j) => {
      tab.setAttribute('aria-selected', String(i === j));
      tab.tabIndex = i === j ? 0 : -1;
      panels[j].hidden = i !== j;
    });
    if (focus) tabs[i].focus();
    panels[i].dispatchEvent(new CustomEvent('tabshow', { bubbles: true }));
  };
  tablist.addEventListener('click', (e) => {
    const i = tabs.indexOf(e.target.closest('[role=tab]'));
    if (i >= 0) select(i, true);
  });
  tablist.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(document.activeElement);
    if (i < 0) return;
    const n = tabs.length;
    const to = { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    select(to, true);
  });
  return box;
}
