// Testing Library unmounts what a test rendered only where vitest runs with globals, which it
// does not here: unmount after every test, so no test finds another's components on the page.
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

afterEach(cleanup);
