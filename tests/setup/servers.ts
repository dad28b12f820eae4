// What the tests' throwaway PostgreSQL, Redis and nginx servers share: Debian packages installed
// on demand, and server processes that go away with the test process that started them. The
// implementation is scripts/services.js, which the bench uses too.
export {
	isRoot,
	onPath,
	isExecutable,
	requirePackage,
	serverFolder,
	launch,
	hasExited,
	halt,
	untilAnswering,
	logTail,
	freePort,
	treeCpuSeconds
} from '../../scripts/services.js';
