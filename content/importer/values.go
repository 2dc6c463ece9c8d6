package importer

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// monthNames maps Indonesian and English month names and their customary
// abbreviations to month numbers.
var monthNames = map[string]time.Month{
	"januari": 1, "jan": 1, "january": 1,
	"februari": 2, "feb": 2, "pebruari": 2, "peb": 2, "february": 2,
	"maret": 3, "mar": 3, "march": 3,
	"april": 4, "apr": 4,
	"mei": 5, "may": 5,
	"juni": 6, "jun": 6, "june": 6,
	"juli": 7, "jul": 7, "july": 7,
	"agustus": 8, "agu": 8, "agt": 8, "ags": 8, "agus": 8, "aug": 8, "august": 8,
	"september": 9, "sep": 9, "sept": 9,
	"oktober": 10, "okt": 10, "oct": 10, "october": 10,
	"november": 11, "nov": 11, "nopember": 11, "nop": 11,
	"desember": 12, "des": 12, "dec": 12, "december": 12,
}

// dayNames are dropped from dates ("Senin, 17 Agustus 2020").
var dayNames = map[string]bool{
	"senin": true, "selasa": true, "rabu": true, "kamis": true, "jumat": true, "jum'at": true, "sabtu": true, "minggu": true, "ahad": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
}

// Excel serial dates: day 1 is 1900-01-01 in the 1900 system (with Lotus's
// phantom 1900-02-29, so day 60 does not exist and later days are counted
// from 1899-12-30), day 0 is 1904-01-01 in the 1904 system.
const (
	minSerial = 61      // 1900-03-01: earlier serials are ambiguous
	maxSerial = 2958465 // 9999-12-31
)

func serialToDate(serial float64, date1904 bool) (time.Time, bool) {
	if math.IsNaN(serial) || serial < minSerial || serial > maxSerial {
		return time.Time{}, false
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return base.AddDate(0, 0, int(math.Floor(serial))), true
}

var (
	isoDate     = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$`)
	numericDate = regexp.MustCompile(`^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:\s+[0-9:.]+)?$`)
	yearPattern = regexp.MustCompile(`(?:^|[^0-9])(1[89]\d\d|2[01]\d\d)(?:[^0-9]|$)`)
)

// parseDate reads a date as spreadsheets and exports write it: ISO
// (2020-08-17, with or without a time), day first (17/08/2020, 17-08-20,
// 17.08.2020; month first only where the day-first reading is impossible),
// with Indonesian or English month names (17 Agustus 2020, Senin, 17 Agt
// 2020, August 17, 2020, Agustus 2020), or an Excel serial number (44060).
// note is set when the reading needed a guess the operator should see.
func parseDate(s string, date1904 bool) (t time.Time, note string, err error) {
	v := strings.TrimSpace(s)
	if v == "" {
		return time.Time{}, "", nil
	}
	if f, ferr := strconv.ParseFloat(v, 64); ferr == nil {
		if d, ok := serialToDate(f, date1904); ok && !strings.ContainsAny(v, "eE") {
			return d, "", nil
		}
		return time.Time{}, "", fmt.Errorf("%q is a number but not a date (an Excel date number is between %d and %d)", s, minSerial, maxSerial)
	}
	if m := isoDate.FindStringSubmatch(v); m != nil {
		return ymd(s, atoi(m[1]), atoi(m[2]), atoi(m[3]))
	}
	if m := numericDate.FindStringSubmatch(v); m != nil {
		d, mo, y := atoi(m[1]), atoi(m[2]), atoi(m[3])
		if len(m[3]) == 2 {
			y += 2000
			if y > time.Now().Year()+1 {
				y -= 100
			}
		}
		if mo > 12 && d <= 12 {
			d, mo = mo, d
			t, _, err := ymd(s, y, mo, d)
			return t, "read month first (the day-first reading is impossible)", err
		}
		return ymd(s, y, mo, d)
	}
	// Words: day, month name, year in any order; commas and day names dropped.
	words := strings.FieldsFunc(strings.ToLower(v), func(c rune) bool { return c == ' ' || c == ',' || c == '-' || c == '/' || c == '.' })
	day, month, year := 0, time.Month(0), 0
	for _, w := range words {
		switch {
		case dayNames[w]:
		case monthNames[w] != 0 && month == 0:
			month = monthNames[w]
		case len(w) == 4 && isDigits(w) && year == 0:
			year = atoi(w)
		case len(w) <= 2 && isDigits(w) && day == 0:
			day = atoi(w)
		default:
			return time.Time{}, "", fmt.Errorf("%q is not a date (write 2020-08-17, 17/08/2020 or 17 Agustus 2020)", s)
		}
	}
	if month == 0 || year == 0 {
		return time.Time{}, "", fmt.Errorf("%q is not a date (write 2020-08-17, 17/08/2020 or 17 Agustus 2020)", s)
	}
	if day == 0 {
		t, _, err := ymd(s, year, int(month), 1)
		return t, "no day given: the first of the month is used", err
	}
	return ymd(s, year, int(month), day)
}

func ymd(orig string, y, m, d int) (time.Time, string, error) {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || t.Day() != d || y < 1000 {
		return time.Time{}, "", fmt.Errorf("%q is not a valid date", orig)
	}
	return t, "", nil
}

// parseYear reads a year: 2020, 2020.0 (a number cell), "Tahun 2020", a date
// in any form parseDate reads, or an Excel serial date. A value naming more
// than one year ("2019/2020") gives the first, with a note.
func parseYear(s string, date1904 bool) (year int, note string, err error) {
	v := strings.TrimSpace(s)
	if v == "" {
		return 0, "", nil
	}
	if f, ferr := strconv.ParseFloat(v, 64); ferr == nil && !strings.ContainsAny(v, "eE") {
		if f == math.Trunc(f) && f >= 1000 && f <= 9999 {
			return int(f), "", nil
		}
		if d, ok := serialToDate(f, date1904); ok {
			return d.Year(), "", nil
		}
		return 0, "", fmt.Errorf("%q is not a year", s)
	}
	if t, _, derr := parseDate(v, date1904); derr == nil && !t.IsZero() {
		return t.Year(), "", nil
	}
	ms := yearPattern.FindAllStringSubmatch(v, -1)
	if len(ms) == 0 {
		return 0, "", fmt.Errorf("%q is not a year", s)
	}
	y := atoi(ms[0][1])
	if len(ms) > 1 {
		return y, fmt.Sprintf("%q names more than one year: %d is used", s, y), nil
	}
	if rest := strings.TrimSpace(strings.Replace(strings.ToLower(v), ms[0][1], "", 1)); rest != "" && rest != "tahun" && rest != "th" && rest != "th." && rest != "thn" {
		return y, fmt.Sprintf("%q read as the year %d", s, y), nil
	}
	return y, "", nil
}

// parseBool reads yes/no values in Indonesian and English.
func parseBool(s string) (bool, error) {
	switch normValue(s) {
	case "ya", "y", "yes", "true", "benar", "1", "digital", "iya", "ada":
		return true, nil
	case "tidak", "t", "no", "n", "false", "salah", "0", "non digital", "nondigital", "bukan digital", "tidak ada", "":
		return false, nil
	}
	return false, fmt.Errorf("%q is neither ya nor tidak", s)
}

// splitList splits a list cell at the separators given (default ";", "|"
// and line breaks) and drops empty items.
func splitListValue(s, seps string) []string {
	if seps == "" {
		seps = ";|\n"
	}
	var out []string
	for _, p := range strings.FieldsFunc(s, func(c rune) bool { return strings.ContainsRune(seps, c) }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// normValue is the form values are compared in for value maps and header
// names: lower case, punctuation and underscores as single spaces.
func normValue(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, c := range strings.ToLower(strings.TrimPrefix(s, "\ufeff")) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c > 127 && !isSpaceRune(c) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(c)
			continue
		}
		if c == '\'' || c == '’' {
			continue
		}
		space = true
	}
	return b.String()
}

func isSpaceRune(c rune) bool {
	return c == '\u00a0' || c == '\u2007' || c == '\u202f' || c == '\u3000' || c >= '\u2000' && c <= '\u200b'
}

// cleanNumber turns a number cell written as a float ("123.0") back into the
// integer it stands for; other values are returned trimmed.
func cleanNumber(s string) string {
	v := strings.TrimSpace(s)
	if strings.HasSuffix(v, ".0") && isDigits(strings.TrimSuffix(v, ".0")) {
		return strings.TrimSuffix(v, ".0")
	}
	return v
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
