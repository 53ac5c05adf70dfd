// How a unit state looks in tables and messages: running green, on the way yellow, failed red, down dim.
import type { UnitState } from '../../supervisor/states.js';
import type { Paint } from '../colors.js';

/** The painter for `state`. */
export function stateColor(state: UnitState, paint: Paint): (text: string) => string {
  switch (state) {
    case 'running':
      return paint.green;
    case 'pending':
    case 'starting':
    case 'stopping':
    case 'backoff':
      return paint.yellow;
    case 'failed':
      return paint.red;
    case 'stopped':
    case 'exited':
      return paint.dim;
  }
}
