import ts from 'typescript';

/** A column as `pipeline/db/schema.ts` declares it, in DuckDB's words. */
export interface DeclaredColumn {
  /** The DuckDB types (as `information_schema` spells them) the column's TypeScript type stands for. */
  readonly types: readonly string[];
  readonly nullable: boolean;
  /** Declared `Generated<…>`: inserts may leave it out, so the table must have a default. */
  readonly generated: boolean;
}

/** A table or view of `information_schema.columns`. */
export interface ActualColumn {
  readonly table: string;
  readonly isView: boolean;
  readonly column: string;
  readonly dataType: string;
  readonly nullable: boolean;
  readonly hasDefault: boolean;
}

/** Named column types of schema.ts whose read type alone (`Date`) would not say which DuckDB type. */
const NAMED: Record<string, string[]> = {
  Instant: ['TIMESTAMP WITH TIME ZONE'],
  PlainDate: ['DATE'],
};

/**
 * Reads the `Warehouse` interface of schema.ts's source: table → column → what it declares.
 * Members may be inline type literals or interfaces of the same file (with `extends`).
 */
export function readDeclaredSchema(source: string): Map<string, Map<string, DeclaredColumn>> {
  const file = ts.createSourceFile('schema.ts', source, ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  const aliases = new Map<string, ts.TypeNode>();
  for (const statement of file.statements) {
    if (ts.isInterfaceDeclaration(statement)) interfaces.set(statement.name.text, statement);
    if (ts.isTypeAliasDeclaration(statement)) aliases.set(statement.name.text, statement.type);
  }
  const warehouse = interfaces.get('Warehouse');
  if (!warehouse) throw new Error('schema.ts declares no Warehouse interface');

  const membersOf = (node: ts.TypeNode | ts.InterfaceDeclaration): ts.TypeElement[] => {
    if (ts.isTypeLiteralNode(node)) return [...node.members];
    if (ts.isInterfaceDeclaration(node)) {
      const inherited = (node.heritageClauses ?? []).flatMap((h) =>
        h.types.flatMap((t) => membersOf(interfaceNamed(t.expression.getText()))),
      );
      return [...inherited, ...node.members];
    }
    if (ts.isTypeReferenceNode(node)) return membersOf(interfaceNamed(node.typeName.getText()));
    throw new Error(`cannot read the table type ${node.getText()}`);
  };
  const interfaceNamed = (name: string): ts.InterfaceDeclaration => {
    const found = interfaces.get(name);
    if (!found) throw new Error(`schema.ts declares no interface ${name}`);
    return found;
  };

  const describe = (node: ts.TypeNode): DeclaredColumn => {
    if (ts.isUnionTypeNode(node)) {
      const parts = node.types.filter((t) => !isNull(t)).map(describe);
      const types = parts.some((p) => p.types.includes('BIGINT'))
        ? ['BIGINT']
        : [...new Set(parts.flatMap((p) => p.types))];
      return { types, nullable: parts.length < node.types.length, generated: false };
    }
    if (ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText();
      const [first] = node.typeArguments ?? [];
      if (name === 'Generated' && first) return { ...describe(first), generated: true };
      if (name === 'ColumnType' && first) return describe(first);
      if (NAMED[name]) return { types: NAMED[name], nullable: false, generated: false };
      const alias = aliases.get(name);
      if (alias) return describe(alias);
    }
    if (ts.isArrayTypeNode(node)) {
      return {
        types: describe(node.elementType).types.map((t) => `${t}[]`),
        nullable: false,
        generated: false,
      };
    }
    if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return plain('VARCHAR');
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return plain('VARCHAR');
      case ts.SyntaxKind.NumberKeyword:
        return plain('INTEGER', 'DOUBLE');
      case ts.SyntaxKind.BigIntKeyword:
        return plain('BIGINT');
      case ts.SyntaxKind.BooleanKeyword:
        return plain('BOOLEAN');
    }
    throw new Error(`cannot map the column type ${node.getText()} to DuckDB`);
  };

  const tables = new Map<string, Map<string, DeclaredColumn>>();
  for (const table of warehouse.members) {
    if (!ts.isPropertySignature(table) || !table.type) continue;
    const columns = new Map<string, DeclaredColumn>();
    for (const column of membersOf(table.type)) {
      if (!ts.isPropertySignature(column) || !column.type) continue;
      columns.set(column.name.getText(), describe(column.type));
    }
    tables.set(table.name.getText(), columns);
  }
  return tables;
}

function plain(...types: string[]): DeclaredColumn {
  return { types, nullable: false, generated: false };
}

function isNull(node: ts.TypeNode): boolean {
  return ts.isLiteralTypeNode(node) && node.literal.kind === ts.SyntaxKind.NullKeyword;
}

/**
 * Every difference between the declarations and the database, both ways: tables and columns
 * on one side only, types, nullability (tables only: DuckDB reports every view column nullable)
 * and `Generated` columns without a default (or defaults not declared `Generated`).
 */
export function compareSchema(
  declared: ReadonlyMap<string, ReadonlyMap<string, DeclaredColumn>>,
  actual: readonly ActualColumn[],
  ignoredTables: readonly string[] = [],
): string[] {
  const differences: string[] = [];
  const byTable = new Map<string, ActualColumn[]>();
  for (const c of actual) {
    if (ignoredTables.includes(c.table)) continue;
    byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
  }
  for (const table of declared.keys()) {
    if (!byTable.has(table)) differences.push(`${table}: declared, not in the database`);
  }
  for (const [table, columns] of byTable) {
    const declaredColumns = declared.get(table);
    if (!declaredColumns) {
      differences.push(`${table}: in the database, not declared`);
      continue;
    }
    for (const name of declaredColumns.keys()) {
      if (!columns.some((c) => c.column === name))
        differences.push(`${table}.${name}: declared, not in the database`);
    }
    for (const c of columns) {
      const d = declaredColumns.get(c.column);
      const at = `${table}.${c.column}`;
      if (!d) {
        differences.push(`${at}: in the database, not declared`);
        continue;
      }
      if (!d.types.includes(c.dataType))
        differences.push(`${at}: ${c.dataType} in the database, declared as ${d.types.join(' or ')}`);
      if (!c.isView && d.nullable !== c.nullable)
        differences.push(
          `${at}: ${c.nullable ? 'nullable' : 'NOT NULL'} in the database, declared otherwise`,
        );
      if (!c.isView && d.generated !== c.hasDefault)
        differences.push(
          `${at}: ${c.hasDefault ? 'has a default, not declared Generated' : 'declared Generated, has no default'}`,
        );
    }
  }
  return differences;
}
