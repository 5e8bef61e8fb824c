// Moves focus to the first element whose attribute has a value (after Blazor has rendered it), so that
// focus returns to the control that opened a panel when the panel closes (WCAG 2.4.3, focus order).
export function focusByAttribute(attribute, value) {
    const element = document.querySelector(`[${attribute}="${CSS.escape(value)}"]`);
    element?.focus();
    return element !== null;
}
