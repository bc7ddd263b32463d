/** Seeded connections to link to when the app runs on the embedded API (empty otherwise). */
declare const __PREP_QUICK_LINKS__: { id: string; name: string }[];
