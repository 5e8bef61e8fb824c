// Arrow keys in the account switcher: Up/Down/Home/End move between the rows of the same list (folders or
// accounts), ArrowDown in the search box goes to the first account. The account list is virtualized, so
// moving past the last rendered row scrolls it and waits for the next row to render.
let enabled = false;

export function enableArrowKeys() {
    if (enabled)
        return;
    enabled = true;
    document.addEventListener('keydown', onKeyDown);
}

function onKeyDown(e) {
    const panel = e.target.closest?.('[data-account-switcher-panel]');
    if (!panel || !['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key))
        return;
    if (e.target.matches('input')) {
        if (e.key !== 'ArrowDown')
            return;
        const first = panel.querySelector('.account-switcher-list [data-switcher-row]');
        if (first) {
            e.preventDefault();
            first.focus();
        }
        return;
    }
    const current = e.target.closest('[data-switcher-row]');
    if (!current)
        return;
    e.preventDefault();
    const list = current.parentElement.closest('section') ?? panel;
    const rows = () => [...list.querySelectorAll('[data-switcher-row]')];
    const all = rows();
    const index = all.indexOf(current);
    if (e.key === 'Home' || e.key === 'End') {
        const scroller = list.querySelector('.account-switcher-list') ?? list;
        scroller.scrollTop = e.key === 'Home' ? 0 : scroller.scrollHeight;
        focusWhenRendered(() => { const r = rows(); return e.key === 'Home' ? r[0] : r[r.length - 1]; });
        return;
    }
    const next = all[index + (e.key === 'ArrowDown' ? 1 : -1)];
    if (next) {
        next.focus();
        next.scrollIntoView({ block: 'nearest' });
        return;
    }
    // At the edge of what is rendered: scroll one row and let the virtualized list render the next one.
    const id = current.dataset.accountId;
    current.scrollIntoView({ block: e.key === 'ArrowDown' ? 'start' : 'end' });
    focusWhenRendered(() => {
        const r = rows();
        const at = r.findIndex(row => row.dataset.accountId === id);
        return at < 0 ? null : r[at + (e.key === 'ArrowDown' ? 1 : -1)];
    });
}

function focusWhenRendered(find, attempts = 10) {
    const row = find();
    if (row) {
        row.focus();
        row.scrollIntoView({ block: 'nearest' });
    } else if (attempts > 0) {
        requestAnimationFrame(() => focusWhenRendered(find, attempts - 1));
    }
}
