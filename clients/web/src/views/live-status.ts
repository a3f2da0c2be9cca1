/**
 * Whether updates are pushed or polled for, shown and announced (role=status). The text changes
 * only between "on", "connecting" (before the first connection) and "off", so that a screen
 * reader is not told of every attempt while the socket retries with back-off.
 */
import type { LiveState } from '@serverless-gateway-events/client';
import { h } from '../dom';

export class LiveStatus {
  readonly element = h('p', { class: 'live-status', role: 'status', 'data-state': 'closed' });
  private everOpen = false;

  constructor(private readonly polling: boolean) {}

  show(state: LiveState): void {
    this.everOpen ||= state === 'open';
    this.element.dataset.state = state;
    const text =
      state === 'open'
        ? 'Live updates: on'
        : state === 'connecting' && !this.everOpen
          ? 'Live updates: connecting…'
          : `Live updates: off${this.polling ? ', checking every few seconds' : ''}`;
    if (this.element.textContent !== text) this.element.textContent = text;
  }
}
