// Resolves credentials as a program using the AWS SDK for Go v2 does (Terraform, eksctl and most
// infrastructure tools), for the profile in AWS_PROFILE, and prints the access key id and the
// provider that answered, or the error on stderr with exit 1.
// Built by the tests in GOPATH mode against Debian's golang-github-aws-aws-sdk-go-v2-dev.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "config: %v\n", err)
		os.Exit(1)
	}
	creds, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "credentials: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%s %s\n", creds.AccessKeyID, creds.Source)
}
