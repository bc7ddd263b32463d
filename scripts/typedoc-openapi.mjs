// A TypeDoc plugin for the API reference (`pnpm build:docs`): how it shows the types that
// openapi-typescript generates from the spec.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Converter, ReflectionKind } from "typedoc";
import ts from "typescript";

/** Where openapi-typescript writes `paths`, `components` and `operations`. */
const generated = fileURLToPath(
  new URL("../packages/core/src/generated/openapi.ts", import.meta.url),
);
/** Core's main entry, whose named types (Connection, …) stand for the spec's schemas. */
const coreEntry = fileURLToPath(new URL("../packages/core/src/index.ts", import.meta.url));

/** @param {import("typedoc").Application} app */
export function load(app) {
  const schemas = schemaPositions();
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const { project } = context;
    const named = namedSchemas(context);
    /** The type literals that links replaced, removed once nothing shows them. */
    const replaced = new Set();
    for (const reflection of Object.values(project.reflections)) {
      // `paths`, `components` and `operations` themselves are left out, wherever they are
      // exported: they mirror the spec's layout (parameters, responses, media types) with no
      // description of their own, and the spec documents them. The named types made from them,
      // such as Connection, show their fields with the spec's descriptions.
      const module = reflection.parent?.kindOf(ReflectionKind.SomeModule | ReflectionKind.Project);
      if (module && reflection.sources?.[0]?.fullFileName === generated) {
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
      // A schema in a signature or a field is, to TypeScript, the object type or union that the
      // generated file declares, not core's name for it (`Connection` is
      // `components["schemas"]["Connection"]`), so TypeDoc would spell it out wherever it is
      // used: it links to the named type instead.
      // A named type itself keeps what it is.
      const self = reflection.kindOf(ReflectionKind.TypeAlias) ? reflection.name : undefined;
      const link = (type) => linked(type, { schemas, named, context, self, replaced });
      for (const key of ["type", "default"]) {
        if (reflection[key]) reflection[key] = link(reflection[key]);
      }
      for (const key of ["extendedTypes", "implementedTypes"]) {
        reflection[key] = reflection[key]?.map(link);
      }
    }
    for (const declaration of replaced) {
      if (!project.getReflectionById(declaration.id)) continue;
      // Its parent already shows the link: nothing of the parent is to be removed with it.
      declaration.parent = undefined;
      project.removeReflection(declaration);
    }
  });
}

/**
 * The name of each schema of the generated file, by where its type starts in it, which is where
 * TypeScript's symbol for that type is declared.
 */
function schemaPositions() {
  const text = readFileSync(generated, "utf8");
  const source = ts.createSourceFile(generated, text, ts.ScriptTarget.Latest, true);
  const positions = new Map();
  const components = source.statements.find(
    (node) => ts.isInterfaceDeclaration(node) && node.name.text === "components",
  );
  const member = components?.members.find((node) => node.name?.getText(source) === "schemas");
  for (const schema of member?.type?.members ?? []) {
    if (schema.type) positions.set(schema.type.getStart(source), schema.name.getText(source));
  }
  return positions;
}

/**
 * Core's named types for the spec's schemas, by schema name, with their symbols in the program
 * being converted; and, for the unions (RecordType, RunStatus), their members as one key.
 */
function namedSchemas(context) {
  const program = context.programs.find((candidate) => candidate.getSourceFile(coreEntry));
  const checker = program?.getTypeChecker();
  const entry = program?.getSourceFile(coreEntry);
  const module = entry && checker?.getSymbolAtLocation(entry);
  const symbols = new Map();
  const unions = new Map();
  for (const symbol of module ? checker.getExportsOfModule(module) : []) {
    if (!(symbol.flags & ts.SymbolFlags.TypeAlias)) continue;
    symbols.set(symbol.name, symbol);
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    if (type.isUnion() && type.types.every((member) => member.isStringLiteral())) {
      unions.set(unionKey(type.types.map((member) => member.value)), symbol);
    }
  }
  return { symbols, unions };
}

/** A key for a union of string literals, whatever their order. */
function unionKey(values) {
  return JSON.stringify([...values].sort());
}

/**
 * `type`, with each schema spelled out in it replaced by a link to core's named type, but to
 * `self`, the named type being documented.
 */
function linked(type, how) {
  const { schemas, named, context, self, replaced } = how;
  const visit = (inner) => linked(inner, how);
  const link = (symbol) =>
    symbol.name === self ? type : context.createSymbolReference(symbol, context, symbol.name);
  switch (type.type) {
    case "reflection": {
      const id = context.project.getSymbolIdFromReflection(type.declaration);
      const name = id?.fileName === generated ? schemas.get(id.pos) : undefined;
      const symbol = name && named.symbols.get(name);
      if (!symbol || symbol.name === self) return type;
      replaced.add(type.declaration);
      return link(symbol);
    }
    case "union": {
      const literals = type.types.every((member) => member.type === "literal");
      const symbol = literals && named.unions.get(unionKey(type.types.map(({ value }) => value)));
      if (symbol) return link(symbol);
      type.types = type.types.map(visit);
      return type;
    }
    case "intersection":
      type.types = type.types.map(visit);
      return type;
    case "array":
    case "optional":
    case "rest":
      type.elementType = visit(type.elementType);
      return type;
    case "reference":
      type.typeArguments = type.typeArguments?.map(visit);
      return type;
    case "tuple":
      type.elements = type.elements.map(visit);
      return type;
    case "namedTupleMember":
      type.element = visit(type.element);
      return type;
    case "typeOperator":
      type.target = visit(type.target);
      return type;
    case "indexedAccess":
      type.objectType = visit(type.objectType);
      return type;
    case "conditional":
      type.trueType = visit(type.trueType);
      type.falseType = visit(type.falseType);
      return type;
    case "predicate":
      if (type.targetType) type.targetType = visit(type.targetType);
      return type;
    default:
      return type;
  }
}
