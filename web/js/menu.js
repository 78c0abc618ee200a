// The menu bar (WAI-ARIA menubar pattern): roving focus, submenus that open
// with arrows, Enter or a click, Escape to close, Alt to reach the bar.
import { h } from './dom.js';
import { t } from './i18n.js';

/**
 * Builds the menu bar from the site's `menu` tree. `onActivate(item)` runs
 * when a leaf item is chosen.
 */
export function createMenuBar(menu, onActivate) {
  const bar = h('ul', { class: 'menubar-items', role: 'menubar', 'aria-label': t('Main menu') });
  let openTop = null; // the top-level <button> whose menu is open

  const itemsOf = (ul) => [...ul.children].map((li) => li.querySelector(':scope > [role=menuitem]')).filter(Boolean);
  const topItems = () => itemsOf(bar);
  const subOf = (btn) => btn.parentElement.querySelector(':scope > [role=menu]');
  const parentMenu = (btn) => btn.closest('[role=menu], [role=menubar]');

  function buildItem(item, level) {
    if (item.separator) return h('li', { role: 'separator', class: 'menu-sep' });
    const hasSub = Array.isArray(item.items);
    const btn = h('button', {
      type: 'button', role: 'menuitem', tabindex: '-1', class: 'menu-item',
      'aria-haspopup': hasSub ? 'menu' : null, 'aria-expanded': hasSub ? 'false' : null,
      dataset: {
        ...(item.table && !hasSub ? { table: item.table } : {}),
        ...(item.command ? { command: item.command } : {}),
      },
    }, h('span', { class: 'menu-label', text: item.label }));
    if (hasSub && level > 0) btn.append(h('span', { class: 'menu-arrow', 'aria-hidden': 'true', text: '▸' }));
    if (hasSub && level === 0) btn.append(h('span', { class: 'menu-caret', 'aria-hidden': 'true', text: '▾' }));
    const li = h('li', { role: 'none', class: hasSub ? 'has-sub' : null }, btn);
    if (hasSub) {
      const ul = h('ul', { role: 'menu', class: 'menu', hidden: true, 'aria-label': item.label });
      for (const sub of item.items) ul.append(buildItem(sub, level + 1));
      li.append(ul);
    } else {
      btn._item = item;
    }
    return li;
  }

  for (const item of menu) bar.append(buildItem(item, 0));
  const first = topItems()[0];
  if (first) first.tabIndex = 0;

  function setRoving(btn) {
    for (const b of topItems()) b.tabIndex = b === btn ? 0 : -1;
  }

  function closeMenu(btn) {
    const ul = subOf(btn);
    if (!ul || ul.hidden) return;
    for (const inner of ul.querySelectorAll('[aria-expanded=true]')) closeMenu(inner);
    ul.hidden = true;
    btn.setAttribute('aria-expanded', 'false');
    if (btn === openTop) openTop = null;
  }

  function closeAll() {
    for (const b of topItems()) closeMenu(b);
  }

  function openMenu(btn, focus) {
    const ul = subOf(btn);
    if (!ul) return;
    const siblings = itemsOf(parentMenu(btn));
    for (const s of siblings) if (s !== btn) closeMenu(s);
    ul.hidden = false;
    btn.setAttribute('aria-expanded', 'true');
    if (parentMenu(btn) === bar) openTop = btn;
    else {
      // a nested menu opens to the right, or to the left when there is no room
      ul.classList.remove('flip');
      if (ul.getBoundingClientRect().right > window.innerWidth) ul.classList.add('flip');
    }
    const items = itemsOf(ul);
    if (focus === 'first') items[0]?.focus();
    else if (focus === 'last') items.at(-1)?.focus();
  }

  function activate(btn) {
    if (subOf(btn)) {
      openMenu(btn, 'first');
      return;
    }
    closeAll();
    onActivate(btn._item);
  }

  function moveTop(btn, delta) {
    const tops = topItems();
    const top = tops[(tops.indexOf(btn) + delta + tops.length) % tops.length];
    const wasOpen = openTop !== null;
    closeAll();
    setRoving(top);
    top.focus();
    if (wasOpen && subOf(top)) openMenu(top, 'first');
  }

  const topOf = (btn) => {
    let b = btn;
    while (parentMenu(b) !== bar) b = parentMenu(b).parentElement.querySelector(':scope > [role=menuitem]');
    return b;
  };

  bar.addEventListener('keydown', (e) => {
    const btn = e.target.closest('[role=menuitem]');
    if (!btn) return;
    const inBar = parentMenu(btn) === bar;
    const items = itemsOf(parentMenu(btn));
    const i = items.indexOf(btn);
    let handled = true;
    switch (e.key) {
      case 'ArrowRight':
        if (inBar) moveTop(btn, 1);
        else if (subOf(btn)) openMenu(btn, 'first');
        else moveTop(topOf(btn), 1);
        break;
      case 'ArrowLeft':
        if (inBar) moveTop(btn, -1);
        else if (parentMenu(parentMenu(btn).parentElement) !== bar) {
          const parentBtn = parentMenu(btn).parentElement.querySelector(':scope > [role=menuitem]');
          closeMenu(parentBtn);
          parentBtn.focus();
        } else moveTop(topOf(btn), -1);
        break;
      case 'ArrowDown':
        if (inBar) openMenu(btn, 'first');
        else items[(i + 1) % items.length].focus();
        break;
      case 'ArrowUp':
        if (inBar) openMenu(btn, 'last');
        else items[(i - 1 + items.length) % items.length].focus();
        break;
      case 'Home': items[0].focus(); break;
      case 'End': items.at(-1).focus(); break;
      case 'Enter':
      case ' ':
        activate(btn);
        break;
      case 'Escape': {
        if (inBar) { closeAll(); break; }
        const parentBtn = parentMenu(btn).parentElement.querySelector(':scope > [role=menuitem]');
        closeMenu(parentBtn);
        parentBtn.focus();
        break;
      }
      case 'Tab':
        closeAll();
        handled = false;
        break;
      default:
        handled = false;
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  });

  bar.addEventListener('click', (e) => {
    const btn = e.target.closest('[role=menuitem]');
    if (!btn) return;
    if (parentMenu(btn) === bar && subOf(btn)) {
      if (openTop === btn) closeAll();
      else {
        setRoving(btn);
        openMenu(btn);
      }
      return;
    }
    activate(btn);
  });

  bar.addEventListener('pointerover', (e) => {
    const btn = e.target.closest('[role=menuitem]');
    if (!btn || e.pointerType === 'touch') return;
    if (parentMenu(btn) === bar) {
      if (openTop && openTop !== btn && subOf(btn)) {
        closeAll();
        setRoving(btn);
        openMenu(btn);
      }
    } else if (subOf(btn)) {
      openMenu(btn);
    } else {
      for (const s of itemsOf(parentMenu(btn))) if (s !== btn) closeMenu(s);
    }
  });

  function focusBar() {
    const b = topItems().find((x) => x.tabIndex === 0) ?? topItems()[0];
    b?.focus();
  }

  current = { element: bar, closeAll, focus: focusBar, isOpen: () => openTop !== null };
  return current;
}

// Document-wide listeners are registered once and act on the current menu bar.
let current = null;
let altAlone = false;
document.addEventListener('pointerdown', (e) => {
  altAlone = false;
  if (current?.isOpen() && !current.element.contains(e.target)) current.closeAll();
}, true);
document.addEventListener('keydown', (e) => {
  altAlone = e.key === 'Alt' && !e.ctrlKey && !e.shiftKey && !e.metaKey;
  if (e.key === 'F10' && !e.shiftKey && current) {
    e.preventDefault();
    current.focus();
  }
}, true);
document.addEventListener('keyup', (e) => {
  if (e.key === 'Alt' && altAlone && current?.element.isConnected) {
    e.preventDefault();
    if (current.element.contains(document.activeElement)) {
      current.closeAll();
      document.activeElement.blur();
    } else current.focus();
  }
  altAlone = false;
}, true);
