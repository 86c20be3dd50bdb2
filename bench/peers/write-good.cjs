// One message per line through write-good.
const writeGood = require('write-good')
const lines = require('fs').readFileSync(process.argv[2], 'utf8').split('\n')
let n = 0
for (const line of lines) n += writeGood(line).length
console.log(n)
