import type { RecordedRequest } from "../RecordedRequest.ts";

/** A `RecordedRequest` as the server fills it in: its outcome is written once it is known. */
export type MutableRecordedRequest = { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] };
