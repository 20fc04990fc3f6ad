// A real ARIA tablist: role=tab buttons with aria-selected and aria-controls, one of them in the
// tab order (roving tabindex), arrow keys, Home and End move and select (automatic activation).
import { el } from './dom.js';

/**
 * Renders `items` ({ id, label, badge?, panel }) into `list`; `onSelect(id)` is called on a click
 * or a key. Returns `update(selectedId)`, which marks the selection without rebuilding.
 */
export function createTablist(list, items, onSelect) {
  const tabs = items.map((item) =>
    el(
      'button',
      {
        type: 'button',
        className: 'tab',
        role: 'tab',
        id: `tab-${item.id}`,
        'aria-controls': item.panel,
        dataset: { tab: item.id, ...(item.connector ? { connector: item.id } : {}) },
        onclick: () => onSelect(item.id),
      },
      el('span', { className: 'tab-name' }, item.label),
      item.badge ? el('span', { className: `mode ${item.badge}` }, item.badge) : null,
    ),
  );
  list.replaceChildren(...tabs);
  list.addEventListener('keydown', (event) => {
    const index = tabs.indexOf(document.activeElement);
    if (index < 0) return;
    const next = {
      ArrowRight: (index + 1) % tabs.length,
      ArrowDown: (index + 1) % tabs.length,
      ArrowLeft: (index - 1 + tabs.length) % tabs.length,
      ArrowUp: (index - 1 + tabs.length) % tabs.length,
      Home: 0,
      End: tabs.length - 1,
    }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    tabs[next].focus();
    onSelect(items[next].id);
  });
  return function update(selectedId) {
    for (const tab of tabs) {
      const selected = tab.dataset.tab === selectedId;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
  };
}
