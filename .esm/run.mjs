const { main } = await import('./main.mjs');
process.exit(await main(process.argv.slice(2)));
