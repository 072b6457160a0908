package config_test

import (
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/earshot/earshot/internal/config"
)

func TestDurationUnmarshalYAML(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr string // substring; "" means success
	}{
		{"90s", 90 * time.Second, ""},
		{"1h30m", 90 * time.Minute, ""},
		{"7d", 7 * 24 * time.Hour, ""},
		{"2w", 14 * 24 * time.Hour, ""},
		{"1w2d12h", 9*24*time.Hour + 12*time.Hour, ""},
		{"1.5h", 90 * time.Minute, ""},
		{"250ms", 250 * time.Millisecond, ""},
		{"0", 0, ""},
		{"-5m", 0, `line 2: duration "-5m" is negative`},
		{"30", 0, "line 2: invalid duration \"30\": missing unit after 30"},
		{"10 minutes", 0, `unknown unit " minutes"`},
		{"3y", 0, `unknown unit "y"`},
		{"h", 0, `expected a number at "h"`},
		{"100000000w", 0, "too long"},
		{"[1h]", 0, "line 2: expected a duration like 90s, 15m, 2h or 7d, got a list"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var v struct {
				D config.Duration `yaml:"d"`
			}
			err := yaml.Unmarshal([]byte("x: 1\nd: "+tt.in+"\n"), &v)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Unmarshal(d: %s) error = %v, want containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Unmarshal(d: %s) = %v", tt.in, err)
			}
			if v.D.D() != tt.want {
				t.Errorf("Unmarshal(d: %s) = %v, want %v", tt.in, v.D.D(), tt.want)
			}
		})
	}
}
