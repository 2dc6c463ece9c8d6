package server

import (
	"html/template"

	"jippnas/content"
	"jippnas/content/hub"
)

// hubTmplFuncs are the template functions of the hub pages.
var hubTmplFuncs = template.FuncMap{
	"stateLabel": func(st hub.State) string { return content.LabelOf(hub.States, string(st)) },
	"sub64":      func(a uint64, b int) uint64 { return a - uint64(b) },
}
