// Testing Library unmounts what a test rendered only where vitest runs with globals, which it
// does not here: unmount after every test, so no test finds another's components on the page.
// Its waitFor gives up after 10 s instead of 1 s: a run watched on a busy machine may take more
// than a second to be seen finished, and no test asserts how long anything takes.
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

configure({ asyncUtilTimeout: 10_000 });
afterEach(cleanup);
