// One message per line through alex (insensitive-writing linter).
import {text} from 'alex'
import {readFileSync} from 'node:fs'
let n = 0
for (const line of readFileSync(process.argv[2], 'utf8').split('\n')) n += text(line).messages.length
console.log(n)
