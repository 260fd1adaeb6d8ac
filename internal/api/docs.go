package api

import (
	"html/template"
	"net/http"
	"sort"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

var docsPage = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sembang API</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1f2937}
h1{margin-bottom:.25rem} code{font-family:ui-monospace,monospace}
table{border-collapse:collapse;width:100%;margin:1rem 0 2rem} td,th{border-bottom:1px solid #e5e7eb;padding:.4rem .5rem;text-align:left;vertical-align:top}
.m{font-weight:700;font-family:ui-monospace,monospace} .a{font-size:12px;border-radius:4px;padding:1px 6px;background:#eef2ff;color:#3730a3}
</style></head><body>
<h1>Sembang API</h1>
<p>{{.Description}}</p>
<p>The full OpenAPI 3.1 description: <a href="/api/openapi.yaml">/api/openapi.yaml</a> (or <a href="/api/openapi.json">JSON</a>).
Errors are <code>application/problem+json</code> with a <code>code</code> and, for input errors, <code>errors[].location</code> naming the field.</p>
{{range .Groups}}<h2>{{.Name}}</h2>
<table><tr><th>Method</th><th>Path</th><th>What it does</th><th>Access</th></tr>
{{range .Ops}}<tr><td class="m">{{.Method}}</td><td><code>{{.Path}}</code></td><td>{{.Summary}}{{if .Description}}<br><small>{{.Description}}</small>{{end}}</td><td><span class="a">{{.Access}}</span></td></tr>
{{end}}</table>{{end}}
</body></html>`))

type docsOp struct{ Method, Path, Summary, Description, Access string }
type docsGroup struct {
	Name string
	Ops  []docsOp
}

// docsHandler renders a self-contained page listing every operation (no CDN).
func docsHandler(a huma.API) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		oapi := a.OpenAPI()
		groups := map[string]*docsGroup{}
		for path, item := range oapi.Paths {
			for method, op := range map[string]*huma.Operation{"GET": item.Get, "POST": item.Post, "PUT": item.Put, "PATCH": item.Patch, "DELETE": item.Delete} {
				if op == nil {
					continue
				}
				access, _ := AccessOf(op)
				name := strings.ToUpper(string(access[:1])) + string(access[1:])
				g := groups[name]
				if g == nil {
					g = &docsGroup{Name: name}
					groups[name] = g
				}
				g.Ops = append(g.Ops, docsOp{method, path, op.Summary, op.Description, string(access)})
			}
		}
		list := make([]docsGroup, 0, len(groups))
		for _, g := range groups {
			sort.Slice(g.Ops, func(i, j int) bool { return g.Ops[i].Path+g.Ops[i].Method < g.Ops[j].Path+g.Ops[j].Method })
			list = append(list, *g)
		}
		sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
		_ = docsPage.Execute(w, map[string]any{"Description": oapi.Info.Description, "Groups": list})
	}
}
