import { monotonicFactory } from 'ulid';

/** ULIDs sort by creation time, so an id doubles as a time-ordered sort key. */
export const newId: () => string = monotonicFactory();

export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
