// The app calls its own /prep path; the server forwards it to the Prep API (PREP_API_URL) and
// adds the token (PREP_TOKEN), so no credential reaches the browser.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const proxy = {
  "/prep": {
    target: process.env.PREP_API_URL,
    changeOrigin: true,
    rewrite: (path) => path.replace(/^\/prep/, ""),
    headers: { authorization: `Bearer ${process.env.PREP_TOKEN}` },
  },
};

export default defineConfig({ plugins: [react()], server: { proxy }, preview: { proxy } });
