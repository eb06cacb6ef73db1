module github.com/carenet-go/carenet

go 1.26.0

require golang.org/x/text v0.43.0

require (
	github.com/Masterminds/squirrel v1.5.4 // indirect
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/lann/builder v0.0.0-20180802200727-47ae307949d0 // indirect
	github.com/lann/ps v0.0.0-20150810152359-62de8c46ede0 // indirect
	github.com/lib/pq v1.12.3 // indirect
	github.com/stretchr/testify v1.12.1 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/crypto v0.58.0 // indirect
)
