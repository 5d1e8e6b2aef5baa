-- A fixed mix of /api/search requests for wrk: words, words near a
-- postcode, filters with facets, and typos. Each connection walks the list.
local paths = {
  "/api/search?q=walking",
  "/api/search?q=painting+group&near=SE11+5QY&radius=2",
  "/api/search?q=garden&near=SW9&radius=3&free=true",
  "/api/search?interest=sport-and-exercise&borough=lambeth&day=tue",
  "/api/search?q=english+classes&near=E1&radius=5",
  "/api/search?q=pottry",
  "/api/search?kind=event&when=week&near=BR1&radius=5&sort=date",
  "/api/search?q=coffee+morning&access=step_free",
  "/api/search?q=choir&near=HA9&radius=2",
  "/api/search?interest=peer-support&audience=carers",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
