package main

import (
	"fmt"
	"os"
)

// Server holds state.
type Server struct {
	Port int `json:"port"`
}

func (s *Server) Run(ctx context.Context) error {
	x := []string{"a", `raw`}
	for i := 0; i < len(x); i++ {
		fmt.Println(x[i], 3.14, 'c', nil, true)
	}
	return nil
}
