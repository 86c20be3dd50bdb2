// One message per line through the AFINN word scorer (npm "sentiment").
const Sentiment = require('sentiment')
const s = new Sentiment()
const lines = require('fs').readFileSync(process.argv[2], 'utf8').split('\n')
let n = 0
for (const line of lines) n += s.analyze(line).score < 0 ? 1 : 0
console.log(n)
