"use client";

import type { PrepClient } from "@wdata-prep/fetch";
import { createContext } from "react";

/** Holds the client that `PrepClientProvider` gives its subtree. */
export const PrepClientContext = createContext<PrepClient | undefined>(undefined);
