// The command-line tool: the same core, outside VS Code.
process.stdout.write('ris-references: not yet implemented\n');
