/** `orders relay on-failure queue` -> `OrdersRelayOnFailureQueue`: a construct id from a label. */
export const idOf = (label: string): string =>
  label
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
