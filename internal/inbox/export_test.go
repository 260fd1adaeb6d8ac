package inbox

// SetSearchIDLimit changes how many indexed-search matches the list accepts
// before it falls back to checking conversations in page order.
func SetSearchIDLimit(n int) (restore func()) {
	old := searchIDLimit
	searchIDLimit = n
	return func() { searchIDLimit = old }
}
