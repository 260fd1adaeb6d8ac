package webui

import "time"

var zeroTime time.Time
