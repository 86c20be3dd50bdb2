"""One message per line through proselint."""
import sys
from proselint.tools import lint
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    n += len(lint(line))
print(n)
