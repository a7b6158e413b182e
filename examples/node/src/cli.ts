console.log('digitkit CLI: not built yet');
