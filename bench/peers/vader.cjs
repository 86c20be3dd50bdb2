// One message per line through VADER sentiment.
const vader = require('vader-sentiment')
const lines = require('fs').readFileSync(process.argv[2], 'utf8').split('\n')
let n = 0
for (const line of lines) n += vader.SentimentIntensityAnalyzer.polarity_scores(line).compound < -0.05 ? 1 : 0
console.log(n)
