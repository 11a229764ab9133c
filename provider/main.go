// terraform-provider-ncloudlookups: NAVER Cloud Platform lists as Terraform data sources, derived
// from the list definitions of cdktf-ncloud-lookups.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/cdktf-ncloud-lookups/cdktf-ncloud-lookups/provider/internal/provider"
)

// version is package.json's version, set by `npm run build:provider` (-ldflags "-X main.version=…").
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run with support for debuggers like delve")
	flag.Parse()
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         provider.Address,
		Debug:           debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
