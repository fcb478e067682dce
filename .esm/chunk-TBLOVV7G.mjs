import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; import { dirname as __dn } from 'node:path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);
import{a as s}from"./chunk-4EPJUD53.mjs";var r=o=>new Promise((e,t)=>process.stdout.write(o,p=>p?t(p):e())),m=o=>({name:"stdout",write:e=>r(e.flatMap(t=>s(t,o,process.pid)).map(t=>`${t}
`).join(""))});export{r as a,m as b};
