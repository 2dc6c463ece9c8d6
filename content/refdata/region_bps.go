package refdata

import (
	"fmt"
	"strings"
)

// No package registry reachable from this project carries the BPS (Badan
// Pusat Statistik) region codes: the two Indonesian region packages on npm
// besides idn-area-data (wilayah-indonesia@1.0.2, api-wilayah-indonesia@1.0.8)
// both carry Kemendagri codes. So there is no BPS↔Kemendagri table here, and
// a BPS code is only a last resort after the names of a record: it is read
// as the Kemendagri code of the same digits where that is plausible, and the
// result is never better than approximate. The two systems agree for most
// regencies but not all (74.09 and 74.10 are swapped, for one), and they
// number the Papua provinces differently (BPS 94 is Papua, Kemendagri 91),
// so codes of provinces 91-97 are not read at all.

// bpsPapuaFirst is the first province code from which the two systems part.
const bpsPapuaFirst = "91"

// ResolveBPSCode reads a BPS province ("35") or regency/city ("3578") code,
// as statistics exports write them, also with a dot ("35.78") or as an Excel
// number ("3578.0"). See the note above on why the result is approximate.
func (r *Regions) ResolveBPSCode(code string) RegionResolution {
	c := strings.TrimSpace(code)
	c = strings.TrimSuffix(c, ".0")
	c = strings.NewReplacer(".", "", " ", "").Replace(c)
	if c == "" {
		return RegionResolution{Quality: MatchUnresolved, Note: "empty"}
	}
	for _, d := range c {
		if d < '0' || d > '9' {
			return RegionResolution{Quality: MatchUnresolved, Note: fmt.Sprintf("BPS code %q is not a number", code)}
		}
	}
	var kd string
	switch len(c) {
	case 2:
		kd = c
	case 4:
		kd = c[:2] + "." + c[2:]
	default:
		return RegionResolution{Quality: MatchUnresolved, Note: fmt.Sprintf("BPS code %q has neither 2 (province) nor 4 (regency/city) digits", code)}
	}
	if kd[:2] >= bpsPapuaFirst {
		return RegionResolution{Quality: MatchUnresolved,
			Note: fmt.Sprintf("BPS code %s is in Papua, where BPS and Kemendagri number provinces differently: give the region by name", c)}
	}
	if !r.Valid(kd) {
		return RegionResolution{Quality: MatchUnresolved, Note: fmt.Sprintf("BPS code %s matches no Kemendagri code", c)}
	}
	return RegionResolution{Code: kd, Quality: MatchApproximate,
		Note: fmt.Sprintf("only the BPS code %s gave the region, read as Kemendagri %s %s: the two systems differ for some regencies, check it", c, kd, r.DisplayName(kd))}
}
