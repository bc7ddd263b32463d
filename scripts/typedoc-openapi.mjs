// A TypeDoc plugin for the API reference (`pnpm build:docs`): how it shows the types that
// openapi-typescript generates from the spec.
import { Converter, ReflectionKind } from "typedoc";

/** Where openapi-typescript writes `paths`, `components` and `operations`. */
const generated = "packages/core/src/generated/openapi.ts";

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const { project } = context;
    for (const reflection of Object.values(project.reflections)) {
      // `paths`, `components` and `operations` themselves are left out, wherever they are
      // exported: they mirror the spec's layout (parameters, responses, media types) with no
      // description of their own, and the spec documents them. The named types made from them,
      // such as Connection, show their fields with the spec's descriptions.
      const module = reflection.parent?.kindOf(ReflectionKind.SomeModule | ReflectionKind.Project);
      if (module && reflection.sources?.[0]?.fullFileName.endsWith(generated)) {
        project.removeReflection(reflection);
        continue;
      }
      // openapi-typescript writes each description of the spec as a `@description` tag, which
      // TypeDoc would show under a heading of its own: it becomes the summary instead, as a
      // hand-written comment has it.
      const { comment } = reflection;
      const description = comment?.getTag("@description");
      if (comment && description && comment.summary.length === 0) {
        comment.summary = description.content;
        comment.removeTags("@description");
      }
    }
  });
}
