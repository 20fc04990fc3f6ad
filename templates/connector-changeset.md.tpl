---
"{{packageName}}": minor
---

First release of the {{displayName}} connector: cancel and read a payment, with a stateful simulator of {{displayName}}.
