import { buildIfNeeded } from '../../scripts/start.js';

/** Integration tests run against the production build; make sure it is current. */
export default function setup() {
	buildIfNeeded();
}
